/**
 * WKT as a tree: `KEYWORD[arg, arg, …]` (or round brackets) where an argument is a quoted
 * string, a number, a bare word (WKT2 enumerations such as `east`) or a nested node. The
 * grammar is shared by WKT1 (OGC and ESRI flavours) and WKT2, so one reader serves every .prj,
 * GeoPackage definition and GeoTIFF citation. Untrusted input: nesting and size are bounded.
 */

export interface WktNode {
  /** Upper-cased keyword, e.g. "PROJCS", "GEOGCRS", "PARAMETER". */
  keyword: string;
  args: WktArg[];
}
export type WktArg = WktNode | string | number | { word: string };

/** Longest WKT text read (real definitions are a few kilobytes). */
const MAX_WKT_CHARS = 64 * 1024;
/** Deepest nesting accepted (WKT2 nests about six levels). */
const MAX_DEPTH = 32;

/** Parse WKT into its tree; null when the text is not WKT. */
export function parseWkt(text: string): WktNode | null {
  if (text.length > MAX_WKT_CHARS) return null;
  let i = 0;
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const node = (depth: number): WktNode | null => {
    skip();
    const kw = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64))?.[0];
    if (!kw || depth > MAX_DEPTH) return null;
    i += kw.length;
    skip();
    const open = text[i];
    if (open !== '[' && open !== '(') return null;
    const close = open === '[' ? ']' : ')';
    i++;
    const args: WktArg[] = [];
    for (;;) {
      skip();
      if (text[i] === close && args.length === 0) {
        i++;
        return { keyword: kw.toUpperCase(), args };
      }
      const arg = value(depth);
      if (arg === null) return null;
      args.push(arg);
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return { keyword: kw.toUpperCase(), args };
      }
      return null;
    }
  };
  const value = (depth: number): WktArg | null => {
    const c = text[i];
    if (c === '"') {
      let out = '';
      for (i++; i < text.length; i++) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            out += '"'; // WKT2 doubles a quote inside a string
            i++;
            continue;
          }
          i++;
          return out;
        }
        out += text[i];
      }
      return null;
    }
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 40))?.[0];
    if (num) {
      i += num.length;
      return Number(num);
    }
    const save = i;
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64))?.[0];
    if (!word) return null;
    i += word.length;
    skip();
    if (text[i] === '[' || text[i] === '(') {
      i = save;
      return node(depth + 1);
    }
    return { word };
  };
  const root = node(0);
  skip();
  return root && i === text.length ? root : null;
}

/** Child nodes of `n` with one of the keywords. */
export function children(n: WktNode, ...keywords: string[]): WktNode[] {
  return n.args.filter((a): a is WktNode => typeof a === 'object' && 'keyword' in a && keywords.includes(a.keyword));
}

/** The first child node with one of the keywords. */
export function child(n: WktNode, ...keywords: string[]): WktNode | undefined {
  return children(n, ...keywords)[0];
}

/** The node's name (its first argument when that is a string). */
export function nameOf(n: WktNode | undefined): string {
  const a = n?.args[0];
  return typeof a === 'string' ? a : '';
}

/** The `i`-th argument of a node as a number (NaN when absent or not a number). */
export function numberArg(n: WktNode | undefined, i: number): number {
  const a = n?.args[i];
  return typeof a === 'number' ? a : NaN;
}

/** The EPSG code of a node's own AUTHORITY (WKT1) or ID (WKT2), if it has one. */
export function epsgOf(n: WktNode): number | undefined {
  for (const id of children(n, 'AUTHORITY', 'ID')) {
    if (String(id.args[0]).toUpperCase() !== 'EPSG') continue;
    const code = Number(id.args[1]);
    if (Number.isInteger(code) && code > 0) return code;
  }
  return undefined;
}
