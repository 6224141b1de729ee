import { ROOT } from "../aws/ecr";

/**
 * Terraform name for an ECR prefix or endpoint key: `docker-hub` -> `docker_hub`, `team/a.b` -> `team_a_b`,
 * `ROOT` -> `root`. Names start with a letter so they are valid identifiers in HCL and JSON alike.
 */
export function terraformName(key: string): string {
  if (key === ROOT) return "root";
  const name = key.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(name) ? name : `r_${name}`;
}
