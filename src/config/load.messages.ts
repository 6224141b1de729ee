/**
 * The messages of reading a config file (./load.ts): missing, unreadable, too large, not UTF-8, not YAML or JSON.
 * Every message names the file, the problem and the fix; tests match these texts.
 */
import { error, Finding, show } from "../validate/finding";

/** "not valid JSON" or "not valid YAML", after the file's extension. */
function syntaxName(file: string): string {
  return /\.json$/i.test(file) ? "JSON" : "YAML";
}

/** Messages for reading and parsing the config file. */
export const loadMessages = {
  fileNotFound: (source: string, file: string): Finding =>
    error(
      source,
      "config file not found",
      file,
      "pass an existing YAML or JSON file with --config or ECR_CACHE_CONFIG",
    ),
  fileUnreadable: (source: string, file: string, reason: string): Finding =>
    error(source, `config file cannot be read: ${reason}`, file, "check the path and its permissions"),
  unsupportedExtension: (source: string, file: string): Finding =>
    error(
      source,
      "config file must end in .yaml, .yml or .json",
      file,
      "rename the file or convert it to YAML or JSON",
    ),
  parseFailed: (file: string, reason: string): Finding =>
    error("(file)", `not valid ${syntaxName(file)}: ${reason}`, file, "fix the syntax at the position given"),
  multipleDocuments: (file: string, line: number): Finding =>
    error(
      "(file)",
      `not valid ${syntaxName(file)}: the file holds more than one document: a second one starts at line ${line}, after a "---" or "..." line`,
      undefined,
      "keep one config per file: remove the separator line and what follows it, or move that to a file of its own",
    ),
  aliasesExpandTooFar: (): Finding =>
    error(
      "(file)",
      "its YAML aliases (*name) expand to more values than any config holds: an alias of a list of aliases multiplies",
      undefined,
      "write the repeated values out, or merge one anchor into each place with <<: *name",
    ),
  duplicateKey: (file: string, key: string, line: number, col: number): Finding =>
    error(
      "(file)",
      `not valid ${syntaxName(file)}: Map keys must be unique: ${show(key)} is written a second time at line ${line}, column ${col}`,
      undefined,
      "keep one of the two keys",
    ),
  fileTooLarge: (source: string, file: string, bytes: number, max: number): Finding =>
    error(
      source,
      `config file is ${bytes} bytes, more than any real config (the limit is ${max} bytes)`,
      file,
      "check that --config names the config and not another file; share repeated settings through templateDefaults or YAML anchors",
    ),
  notUtf8: (file: string, line: number): Finding =>
    error(
      "(file)",
      `line ${line} has bytes that are not UTF-8 text`,
      file,
      "save the file as UTF-8 (in most editors: File > Save with Encoding > UTF-8) and check the characters on that line",
    ),
  tooManyKeys: (max: number): Finding =>
    error(
      "(file)",
      `more than ${max} keys, more than any real config has`,
      undefined,
      "check that this is the config file",
    ),
  nestedTooDeeply: (max: number, line?: number): Finding =>
    error(
      "(file)",
      `nested too deeply: more than ${max} levels of mappings and lists${line === undefined ? "" : ` (at line ${line})`}, deeper than any valid config`,
      undefined,
      "remove the extra levels; no config value nests more than about 10 levels",
    ),
  emptyFile: (file: string): Finding =>
    error(
      "(file)",
      "the config file is empty (nothing but blanks and comments)",
      file,
      "check that --config names the config; start from config/default.yaml",
    ),
  notAnObject: (value: unknown): Finding =>
    error("(file)", "the config must be a mapping of keys to values", value, "start from config/default.yaml"),
};
