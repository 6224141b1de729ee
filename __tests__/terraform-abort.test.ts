/**
 * Aborting a Terraform command (Ctrl-C in `npm run plan`): the runner rejects only once Terraform has ended, since
 * its caller removes the folder next and Terraform, sent SIGINT, winds down and writes into it meanwhile. A stand-in
 * for Terraform that does just that, named in TERRAFORM_BINARY_NAME, makes the timing certain.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runTerraform } from "../src/plan/terraform";

const dir = mkdtempSync(path.join(tmpdir(), "terraform-abort-"));
const fake = path.join(dir, "terraform");
const work = path.join(dir, "stack");
const savedBinary = process.env.TERRAFORM_BINARY_NAME;

beforeAll(() => {
  // Like Terraform on SIGINT or SIGTERM (an abort sends SIGTERM): it finishes what it was writing (here for 0.3 s),
  // then exits 1.
  writeFileSync(
    fake,
    `#!/bin/sh
case "$1" in
  version) echo '{"terraform_version":"1.11.4"}'; exit 0 ;;
esac
trap 'sleep 0.3; echo wound-down > late-write; kill $pid 2>/dev/null; exit 1' INT TERM
sleep 30 &
pid=$!
echo > ready
wait $pid
`,
    { mode: 0o755 },
  );
  process.env.TERRAFORM_BINARY_NAME = fake;
});

afterAll(() => {
  if (savedBinary === undefined) delete process.env.TERRAFORM_BINARY_NAME;
  else process.env.TERRAFORM_BINARY_NAME = savedBinary;
  rmSync(dir, { recursive: true, force: true });
});

test("an aborted command rejects after Terraform has ended, what it wrote on the way out included", async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  const controller = new AbortController();
  // Abort once the stand-in is running with its SIGINT handler in place.
  const poll = setInterval(() => existsSync(path.join(work, "ready")) && controller.abort(), 5);
  try {
    await expect(runTerraform(work, ["init"], { signal: controller.signal })).rejects.toThrow();
  } finally {
    clearInterval(poll);
  }
  expect(controller.signal.aborted).toBe(true);
  expect(readFileSync(path.join(work, "late-write"), "utf8")).toBe("wound-down\n");
});
