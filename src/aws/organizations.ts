/** AWS Organizations identifiers, as IAM conditions take them (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`). */

/** An organization id: `o-` and 10 to 32 lowercase letters or digits. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;

/**
 * An organization entity path as `aws:PrincipalOrgPaths` holds it: `<org id>/<root id>/` then any OU ids, each
 * followed by `/`; a trailing `*` matches everything below (the condition is a StringLike match).
 * Example: `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*`.
 */
export const ORGANIZATION_PATH_PATTERN =
  /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}\/(?:ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*\*?$/;

/** An example path for messages. */
export const ORGANIZATION_PATH_EXAMPLE = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/";
