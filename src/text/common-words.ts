import { stemWord } from "./stem-word.js";

/**
 * Frequent English words that are not stopwords but say little about a passage's topic ("use", "make", "example").
 * The local embedder cannot learn word rarity from the corpus (a chunk's vector must not depend on other documents),
 * so this built-in prior stands in for an inverse document frequency: these words get a fraction of the weight
 * of the rest. General English only, no domain words.
 */
const words = `able above according across actually add added after ago ahead allow almost along already although always
  among another answer anyone anything anyway appear apply approach around ask asked available away back based basic
  become best better big bit bring build built call called came case cases certain change clear close come comes
  common consider contain content continue correct could course create current day days describe detail different
  directly done each easy either else end enough ensure entire even ever every everything example examples exist
  expect fact far feel find first follow following form found full general get gets getting give given go goes going
  good got great group half happen hard help high however idea important include including instead keep kind know
  known large last later least leave less like likely line little long look lot low made main make makes making many
  mean means might more much name need needed needs never new next note nothing now number often old one ones open
  order others overall part particular people perhaps place point possible probably provide provides put quite rather
  read real really reason related right run said say says second see seem seen set several show shown side similar
  simple simply since small something sometimes soon specific start state still sure take taken tell thing things
  think though three thus time times today together top try trying turn two type types typically understand unless
  use used useful uses using usually value various want way ways well went whether within without work works world
  write yes yet`;

export const commonWordStems: ReadonlySet<string> = new Set(
  words
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map(stemWord),
);
