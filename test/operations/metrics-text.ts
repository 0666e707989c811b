/**
 * Reads the Prometheus text exposition format (version 0.0.4) strictly enough to catch a malformed scrape: every
 * line is a comment (# HELP / # TYPE) or a sample `name{label="value",...} number`, and every sample belongs to a
 * metric with a TYPE line.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const samplePattern = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;
const typePattern = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;

export function parsePrometheusText(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("#")) {
      const type = typePattern.exec(line);
      if (type) types.set(type[1] as string, type[2] as string);
      else if (!line.startsWith("# HELP ")) throw new Error(`not a HELP or TYPE comment: ${line}`);
      continue;
    }
    const match = samplePattern.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const [, name, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
    // Go's ParseFloat, which Prometheus uses, takes NaN and Inf in any case (prom-client writes "Nan").
    const value = /^nan$/i.test(valueText) ? Number.NaN : Number(valueText.replace(/inf$/i, "Infinity"));
    if (Number.isNaN(value) && !/^nan$/i.test(valueText)) throw new Error(`not a number: ${line}`);
    const family = name.replace(/_(bucket|sum|count)$/, "");
    if (!types.has(name) && !types.has(family)) throw new Error(`sample without a TYPE line: ${line}`);
    samples.push({ name, labels: parseLabels(labelText ?? "", line), value });
  }
  return samples;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  labelPattern.lastIndex = 0;
  while (labelPattern.lastIndex < text.length) {
    const start = labelPattern.lastIndex;
    const match = labelPattern.exec(text);
    if (!match || match.index !== start) throw new Error(`malformed labels: ${line}`);
    labels[match[1] as string] = (match[2] as string).replace(/\\(.)/g, (_, escaped) =>
      escaped === "n" ? "\n" : escaped,
    );
  }
  return labels;
}

/** The value of the one sample with this name and (at least) these labels; undefined when there is none. */
export function sampleValue(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** GET /metrics from an ops server on 127.0.0.1, parsed. */
export async function scrape(port: number): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.startsWith("text/plain; version=0.0.4")) throw new Error(`content-type ${contentType}`);
  return parsePrometheusText(await response.text());
}
