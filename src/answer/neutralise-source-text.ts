/**
 * Makes untrusted text (document chunks, earlier chat messages, the question) unable to forge the prompt's
 * structure. The prompt marks sources with <source ...> ... </source> and the question with <question>; chat
 * templates use [INST], <<SYS>>, <|im_start|>, <s>; plain-text formats use "### System" or "User:" lines.
 * Such sequences in untrusted text are rewritten so that they read the same to a person but no longer match:
 *   - tag-like sequences ("</source>", "<|im_start|>", "<<SYS>>", "<s>") get their angle brackets replaced by
 *     look-alike guillemets: "‹/source›", "‹|im_start|›", "‹‹SYS››";
 *   - bracketed template markers ("[INST]", "[/INST]", "[SYSTEM_PROMPT]") become "(INST)", "(/INST)", ...;
 *   - role labels at the start of a line ("System:", "### Assistant", "Message from Dana (not the asker):")
 *     are put in quotes: '"System":'.
 * Text that only mentions these words ("the system: ...", "a < b") is left alone. "Ignore previous
 * instructions" is not removed: it stays inside its block, which the rules say is data.
 */

/** "<" then a tag name, "/", "|" or "!" ... ">" on one line, and doubled forms like "<<SYS>>". */
const tagPattern = /<{1,2}\/?[|!A-Za-z][^<>\n]{0,200}>{1,2}/g;
/**
 * Our own delimiter words even without a closing ">" (split across lines, or at the end of a chunk).
 * The patterns stay linear in the text's length: a run of "<" is only tried from its first character, and the
 * blanks around an optional "/" are one unambiguous sequence (blanks, then "/" and blanks), so that a long run of
 * "<", or of blanks after "<" or "[", is not re-scanned from each of its positions.
 */
const delimiterStartPattern =
  /(?<!<)<+(?=[ \t]*(?:\/[ \t]*)?(?:sources?|question|rules|system|sys|inst)\b)/gi;
const templateMarkerPattern =
  /\[[ \t]*(?:(\/)[ \t]*)?(INST|SYS|SYSTEM|SYSTEM_PROMPT|AVAILABLE_TOOLS|TOOL_CALLS|TOOL_RESULTS)[ \t]*\]/gi;
const roleWords =
  "system|assistant|user|human|ai|bot|docent|instructions?|response|input|rules|sources?|question";
/** "System:", "> User:", "### Response:", "Message from Dana (not the asker):" at the start of a line. */
const roleLabelPattern = new RegExp(
  `^([ \\t>]*(?:#{1,6}[ \\t]*)?)(${roleWords}|message from [^\\n:]{0,80})([ \\t]*:)`,
  "gimu",
);
/** "### System" or "### Response" alone on a line (Alpaca-style sections). */
const roleHeadingPattern = new RegExp(`^([ \\t>]*#{1,6}[ \\t]*)(${roleWords})([ \\t]*)$`, "gimu");

export function neutraliseSourceText(text: string): string {
  return text
    .replace(tagPattern, (tag) => tag.replace(/</g, "\u2039").replace(/>/g, "\u203a"))
    .replace(delimiterStartPattern, (brackets) => "\u2039".repeat(brackets.length))
    .replace(
      templateMarkerPattern,
      (_marker, slash: string | undefined, name: string) => `(${slash ?? ""}${name})`,
    )
    .replace(roleLabelPattern, quoteLabel)
    .replace(roleHeadingPattern, quoteLabel);
}

function quoteLabel(_line: string, lead: string, label: string, end: string): string {
  return `${lead}"${label}"${end}`;
}

/** A value for a delimiter attribute (title="..."): neutralised, on one line, without quotes or brackets. */
export function neutraliseAttribute(value: string, maxLength = 200): string {
  const flat = neutraliseSourceText(value)
    .replace(/"/g, "'")
    .replace(/</g, "\u2039")
    .replace(/>/g, "\u203a")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}\u2026` : flat;
}
