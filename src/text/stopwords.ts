/** English function words that carry no topic: dropped by the tokenizer before indexing and embedding. */
export const stopwords: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren as at be because been before being below between both
  but by can cannot could couldn did didn do does doesn doing don down during each few for from further had hadn has
  hasn have haven having he her here hers herself him himself his how i if in into is isn it its itself just let me
  might more most mustn my myself no nor not of off on once only or other ought our ours ourselves out over own same
  shall shan she should shouldn so some such than that the their theirs them themselves then there these they this
  those through to too under until up upon very was wasn we were weren what when where which while who whom whose why
  will with won would wouldn you your yours yourself yourselves e g ie eg etc vs via also may must s t d ll m re ve`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
