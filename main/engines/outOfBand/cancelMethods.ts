/** The ways a client can stop an upload it no longer wants. */
export const cancelMethods = ['urgent-port', 'in-band-frame', 'client-close', 'client-reset'] as const;
export type CancelMethod = (typeof cancelMethods)[number];

export const cancelMethodDescriptions: Record<CancelMethod, string> = {
  'urgent-port': 'CANCEL sent to a separate urgent port, read by its own higher-priority thread',
  'in-band-frame': 'a CANCEL frame on the upload connection itself, behind the bytes already sent',
  'client-close': 'no cancel message: the client closes the connection (FIN after the data already sent)',
  'client-reset': 'no cancel message: the client aborts the connection (RST)',
};
