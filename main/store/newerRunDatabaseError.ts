/** A run database whose schema is newer than this build knows; opening it could damage it. */
export class NewerRunDatabaseError extends Error {
  override readonly name = 'NewerRunDatabaseError';
  readonly filePath: string;
  readonly foundVersion: number;
  readonly knownVersion: number;

  constructor(filePath: string, foundVersion: number, knownVersion: number) {
    super(
      `the run database at ${filePath} was written by a newer proclab (schema version ${foundVersion}; ` +
        `this proclab knows up to ${knownVersion}); update proclab or point it at another database`,
    );
    this.filePath = filePath;
    this.foundVersion = foundVersion;
    this.knownVersion = knownVersion;
  }
}
