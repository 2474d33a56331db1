// Placeholder, filled in below.
export type ToolCommand = never;
