/**
 * The fixed reply a model is asked to give when its sources don't answer the question (rule 3 of the prompt), and
 * its recognition: the answer then becomes the pipeline's own "not covered" reply, with the closest sources. A
 * model may wrap the sentence in quotes or add a full stop; anything that starts with it counts.
 */
export const notCoveredReply = "The documents don't cover this.";

const notCoveredPattern =
  /^[\s"'\u201c\u2018*_>]*the documents (?:do not|don't|don\u2019t|doesn't) cover (?:this|that|it)\b/i;

export function saysNotCovered(text: string): boolean {
  return notCoveredPattern.test(text);
}
