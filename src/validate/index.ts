/** The config validation layer's public surface: validate a config as read, and render a finding. */
export { validateConfig } from "./config";
export { formatFinding } from "./finding";
