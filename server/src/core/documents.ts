// One parse per document version, shared by every feature.
import { parseFile, type ParsedFile, type ParseLimits, DEFAULT_LIMITS } from './yaml/parse';

export class DocumentCache {
  private readonly files = new Map<string, ParsedFile>();

  constructor(private readonly limits: ParseLimits = DEFAULT_LIMITS) {}

  get(uri: string, version: number, text: string): ParsedFile {
    const cached = this.files.get(uri);
    if (cached && cached.version === version && cached.text === text) return cached;
    const parsed = parseFile(uri, version, text, this.limits);
    this.files.set(uri, parsed);
    return parsed;
  }

  peek(uri: string): ParsedFile | undefined {
    return this.files.get(uri);
  }

  delete(uri: string): void {
    this.files.delete(uri);
  }
}
