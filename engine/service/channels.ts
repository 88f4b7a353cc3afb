/** NOTIFY channel names. */
export const CHANNEL_JOBS = "zhiben_jobs";
export const CHANNEL_EVENTS = "zhiben_events";
