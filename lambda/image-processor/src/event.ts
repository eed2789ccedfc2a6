// The parts of an S3 event notification the function reads (the full shape has more fields).

export interface S3EventRecord {
  eventName?: string;
  s3?: {
    bucket?: { name?: string };
    object?: { key?: string; size?: number };
  };
}

export interface S3Event {
  Records?: S3EventRecord[];
}

export interface ProcessedEntry {
  key: string;
  outputKey: string;
  /** Output dimensions. */
  width: number;
  height: number;
  format: string;
}

export type SkipCode =
  | 'not-an-s3-record'
  | 'loop-guard'
  | 'missing'
  | 'empty'
  | 'too-large'
  | 'not-an-image'
  | 'unsupported-format'
  | 'too-many-pixels'
  | 'decode-failed';

export interface SkippedEntry {
  key: string;
  /** Stable id of the reason, for programs; `reason` is the sentence for people. */
  code: SkipCode;
  reason: string;
}

export interface ProcessSummary {
  processed: ProcessedEntry[];
  skipped: SkippedEntry[];
}
