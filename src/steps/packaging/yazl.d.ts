// Types for the part of yazl 3 this package uses (yazl ships none; @types/yazl is not installed).
declare module 'yazl' {
  import type { Readable } from 'node:stream';

  export interface EntryOptions {
    mtime?: Date;
    mode?: number;
    compress?: boolean;
    compressionLevel?: number;
    forceZip64Format?: boolean;
    /** Store only the MS-DOS timestamp (no extended UTC timestamp field). */
    forceDosTimestamp?: boolean;
    fileComment?: string;
  }

  export interface EndOptions {
    forceZip64Format?: boolean;
    comment?: string | Buffer;
  }

  export class ZipFile {
    outputStream: Readable;
    addBuffer(buffer: Buffer, metadataPath: string, options?: EntryOptions): void;
    end(options?: EndOptions, calculatedTotalSizeCallback?: (totalSize: number) => void): void;
  }
}
