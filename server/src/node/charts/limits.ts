// How much a chart fetch may cost: sizes and time. One place, so the hover's reasons and the tests agree.
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from './unpack';

export interface FetchLimits extends UnpackLimits {
  readonly maxIndexBytes: number;
  readonly maxArchiveBytes: number;
  /** One request (redirects included), in milliseconds. */
  readonly timeoutMs: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  ...DEFAULT_UNPACK_LIMITS,
  maxIndexBytes: 32 * 1024 * 1024,
  maxArchiveBytes: 16 * 1024 * 1024,
  timeoutMs: 20_000,
};
