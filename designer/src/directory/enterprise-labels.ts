/** The directory's labels, from the domain's own definitions. */
export { STATUS_LABELS as ENTERPRISE_STATUS_LABELS } from "../../../processes/directory/directory-schemas.js";
