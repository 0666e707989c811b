import { tokenizeWords } from "../text/tokenize.js";
import { possibleBaseForms } from "../understanding/word-forms.js";

/**
 * A text's words as the ranking compares them: index terms (stems, as retrieval has them) for the question's own
 * words, and base forms for related words, which must name the same word ("vacate" for "resign" must not match
 * "vacation", whose stem it shares; "child" for "kids" must match "children", whose stem it does not share).
 *
 * Held as the text's pieces between spaces, each read once and shared by every text it appears in ("policy.",
 * "(PTO)", "days"): no word of a text spans a space and normalisation never joins across one, so the pieces hold
 * the same terms and forms, in the same order, as the text read whole (test/answer/indexed-words.test.ts).
 * Ranking matches a question against pieces (match-terms.ts); the sets are made only when asked for.
 */
export class IndexedWords {
  private termSet: ReadonlySet<string> | undefined;
  private formSet: ReadonlySet<string> | undefined;
  private held: readonly PieceWords[] | undefined;

  /** The pieces of a text, or (joinWords) the texts it is made of, whose pieces are gathered when asked for. */
  constructor(
    pieces: readonly PieceWords[] | undefined,
    readonly parts: readonly IndexedWords[] = [],
  ) {
    this.held = pieces;
  }

  get pieces(): readonly PieceWords[] {
    this.held ??= this.parts.flatMap((part) => part.pieces);
    return this.held;
  }

  get terms(): ReadonlySet<string> {
    this.termSet ??= new Set(this.pieces.flatMap((piece) => piece.terms));
    return this.termSet;
  }

  get forms(): ReadonlySet<string> {
    this.formSet ??= new Set(this.pieces.flatMap((piece) => piece.forms));
    return this.formSet;
  }
}

/** What a piece of text between spaces holds: its index terms and their words' forms, in order, each once. */
export interface PieceWords {
  readonly terms: readonly string[];
  readonly forms: readonly string[];
  /**
   * The number of the question matcher that read the piece last and what the piece gives its terms
   * (match-terms.ts keeps it here, where reading it back costs no lookup; another question reading the piece
   * replaces it). A number, not the matcher: a piece must not keep a matcher alive.
   */
  matchedBy: number;
  credit: Float64Array | null;
}

/** A word's forms never change: remembered for the words seen most recently. */
const knownForms = new Map<string, readonly string[]>();
const rememberedWords = 50_000;
/** Pieces read recently: a passage's words come back in passage after passage (43,000 in 100,000 chunks). */
const knownPieces = new Map<string, PieceWords>();
const rememberedPieces = 100_000;
const spaces = /\s+/;

export function indexWords(text: string): IndexedWords {
  const pieces: PieceWords[] = [];
  for (const piece of text.split(spaces)) {
    if (piece !== "") pieces.push(knownPieces.get(piece) ?? readPiece(piece));
  }
  return new IndexedWords(pieces);
}

/** Everything several texts hold, as one. */
export function joinWords(parts: readonly IndexedWords[]): IndexedWords {
  return new IndexedWords(undefined, parts);
}

function readPiece(piece: string): PieceWords {
  const terms = new Set<string>();
  const forms = new Set<string>();
  for (const { term, word } of tokenizeWords(piece)) {
    terms.add(term);
    for (const form of formsOf(word)) forms.add(form);
  }
  const words = { terms: [...terms], forms: [...forms], matchedBy: 0, credit: null };
  if (knownPieces.size >= rememberedPieces) knownPieces.clear();
  // A copy of the key, so that a piece cut from a long text does not keep that text alive.
  knownPieces.set(`${piece} `.slice(0, -1), words);
  return words;
}

function formsOf(word: string): readonly string[] {
  const known = knownForms.get(word);
  if (known !== undefined) return known;
  const forms = possibleBaseForms(word);
  // "wi-fi" is also "wifi", "e-mail" also "email".
  if (/[-_.]/.test(word)) forms.push(word.replace(/[-_.]/g, ""));
  if (knownForms.size >= rememberedWords) knownForms.clear();
  knownForms.set(word, forms);
  return forms;
}
