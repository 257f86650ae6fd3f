// Loads web-tree-sitter with the C and the C++ grammars once, and parses blanked text.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Parser, Language, type Tree } from 'web-tree-sitter';
import type { Lang } from './language';

/** One parser per grammar: C files and C++ files (see language.ts). */
export type Parsers = Readonly<Record<Lang, Parser>>;

let ready: Promise<Parsers> | undefined;

/** The folder holding a wasm file: beside the bundle in dist/, else in node_modules. */
function locate(file: string, pkgPath: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(pkgPath);
}

function loadParsers(): Promise<Parsers> {
  ready ??= (async () => {
    const runtime = locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const make = async (file: string, pkg: string) => {
      const parser = new Parser();
      parser.setLanguage(await Language.load(locate(file, `${pkg}/${file}`)));
      return parser;
    };
    return { c: await make('tree-sitter-c.wasm', 'tree-sitter-c'), cpp: await make('tree-sitter-cpp.wasm', 'tree-sitter-cpp') };
  })();
  return ready;
}

/** The C parser. */
export async function getParser(): Promise<Parser> {
  return (await loadParsers()).c;
}

/** Both parsers. */
export function getParsers(): Promise<Parsers> {
  return loadParsers();
}

/**
 * Processor time one parse may take: a second plus 1 ms per KiB. Real drivers parse at 0.2 to
 * 4 ms per KiB (7,800 files of the 13 real trees; the slowest, 41 KiB, in 150 ms), so only text
 * no compiler accepts comes near it. The floor is generous because the process's processor time
 * also counts the engine compiling the grammars in the background while the first files parse.
 */
export function parseBudgetMillis(chars: number): number {
  return 1000 + chars / 1024;
}

/**
 * tree-sitter was stopped: its error recovery on this text went past parseBudgetMillis. Its cost
 * on some broken shapes grows with the square of their length (an expression 8,000 terms long
 * written as a C struct member: 1.6 s for 32 KB), and the callback it gives us comes at a linear
 * rate meanwhile, so the budget is on processor time: no step count we can read sees that work.
 */
export class ParseGaveUp extends Error {
  constructor(
    /** Where the parser was when it stopped. */
    readonly offset: number,
    readonly millis: number,
  ) {
    super(`tree-sitter gave up after ${Math.round(millis)} ms of processor time (its error recovery is slow on the broken code near offset ${offset})`);
    this.name = 'ParseGaveUp';
  }
}

/** Milliseconds of processor time this process has used. */
function cpuMillis(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The first verdict of each grammar on each text whose parse came near its budget (more than half of it) or went past
 * it, by length then text: the same text parsed again (a fresh analysis beside an incremental one,
 * another analyzer in the process) gets the same verdict instead of one that depends on the machine's
 * load at that moment. Texts this slow are rare; the latest MAX_VERDICTS are kept.
 */
const verdicts = new Map<Parser, Map<number, Map<string, ParseGaveUp | 'parsed'>>>();
let verdictCount = 0;
const MAX_VERDICTS = 32;

function verdictOn(parser: Parser, text: string): ParseGaveUp | 'parsed' | undefined {
  return verdicts.get(parser)?.get(text.length)?.get(text);
}

function keepVerdict(parser: Parser, text: string, v: ParseGaveUp | 'parsed'): void {
  if (verdictCount >= MAX_VERDICTS) {
    verdicts.clear();
    verdictCount = 0;
  }
  let byLength = verdicts.get(parser);
  if (!byLength) verdicts.set(parser, (byLength = new Map()));
  let byText = byLength.get(text.length);
  if (!byText) byLength.set(text.length, (byText = new Map()));
  if (!byText.has(text)) verdictCount++;
  byText.set(text, v);
}

/**
 * Parses already-blanked text; pass the previous tree (edited) for an incremental parse.
 * Throws ParseGaveUp when the parse goes past its budget (see parseBudgetMillis), or when this text
 * went past it before.
 */
export function parseText(parser: Parser, blanked: string, old?: Tree, budgetMillis = parseBudgetMillis(blanked.length)): Tree {
  const before = verdictOn(parser, blanked);
  if (before instanceof ParseGaveUp) throw before;
  const budget = before === 'parsed' ? Infinity : budgetMillis;
  const start = cpuMillis();
  const wallStart = performance.now();
  let stoppedAt: ParseGaveUp | undefined;
  const tree = parser.parse(blanked, old ?? null, {
    progressCallback: (state) => {
      // The clock first (cheap): processor time is read only once the parse has run that long on it.
      if (performance.now() - wallStart <= budget) return false;
      const used = cpuMillis() - start;
      if (used <= budget) return false;
      stoppedAt = new ParseGaveUp(state.currentOffset, used);
      return true;
    },
  });
  if (stoppedAt) {
    tree?.delete();
    // A stopped parser resumes its parse on the next call unless reset.
    parser.reset();
    keepVerdict(parser, blanked, stoppedAt);
    throw stoppedAt;
  }
  if (!tree) throw new Error('tree-sitter returned no tree');
  if (before === undefined && cpuMillis() - start > budget / 2) keepVerdict(parser, blanked, 'parsed');
  return tree;
}

let loaded: Parsers | undefined;

/** The parser of a language once initParser() has resolved (synchronous users such as macro expansion). */
export function currentParser(lang: Lang = 'c'): Parser | undefined {
  return loaded?.[lang];
}

/** Loads both grammars; resolves to the C parser. */
export async function initParser(): Promise<Parser> {
  loaded = await loadParsers();
  return loaded.c;
}
