/**
 * A credential pasted where a credential does not belong: every text of a config (keys and values) other than under
 * `credentials` is written into the synthesized Terraform, and from there into plans, state and logs.
 */
import { tokenKind } from "../policy/secrets";
import { at, error, Finding } from "./finding";

/** Every key or value of `data`, outside `credentials` fields, that holds a credential of a fixed format. */
export function pastedCredentialFindings(data: unknown, path = ""): Finding[] {
  if (typeof data === "string") {
    const kind = tokenKind(data);
    return kind === undefined ? [] : [credentialInConfig(path, kind, data)];
  }
  if (data === null || typeof data !== "object") return [];
  const entries: [string | number, unknown][] = Array.isArray(data) ? [...data.entries()] : Object.entries(data);
  return entries.flatMap(([key, value]) => {
    const inner = at(path, key);
    if (key === "credentials") return [];
    const own = typeof key === "string" ? tokenKind(key) : undefined;
    const keyFinding = own === undefined ? [] : [credentialInConfig(inner, own, String(key))];
    return [...keyFinding, ...pastedCredentialFindings(value, inner)];
  });
}

function credentialInConfig(path: string, kind: string, value: string): Finding {
  return error(
    path,
    `this text holds ${kind}, which synth would write into the Terraform JSON, and Terraform into plans and state`,
    value,
    "remove it (and revoke it if the file was shared); a registry's login goes under credentials: managed " +
      "(its TF_VAR_<prefix>_username and TF_VAR_<prefix>_access_token) or credentials: { secretArn: <ARN> }",
  );
}
