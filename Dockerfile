# docent: a Slack and Discord bot that answers from company documents.
#
#   docker build -t docent .
#   docker run --rm -v docent-index:/app/data/index -v "$PWD/docs:/app/data/docs:ro" docent ingest   # one-off
#   docker run -d --env-file .env -v docent-index:/app/data/index -v docent-state:/app/data/state \
#     -v "$PWD/docs:/app/data/docs:ro" -v "$PWD/config:/app/config:ro" \
#     -p 127.0.0.1:3000:3000 -p 127.0.0.1:9464:9464 docent                                         # the bot
#
# compose.yaml runs it (with Ollama under the ollama profile, PostgreSQL under the pgvector profile).
# test/system/container-commands.test.ts runs this file's ENV, ENTRYPOINT, CMD and HEALTHCHECK outside a container.
# Node 24 is the current LTS; docent also runs on Node 22 and 20.12+ (README: which was verified on which).

# ---- Build stage: the toolchain hnswlib-node compiles with (python3, make, g++), all dependencies, the build.
FROM node:24-bookworm AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*

# Dependencies first (cached while only the sources change). Install scripts are skipped here because the
# "prepare" script builds sources not copied yet; the native addon is built explicitly instead. Optional
# dependencies stay: pdf-parse needs @napi-rs/canvas's prebuilt binary (an optional one) to read PDFs.
# node-llama-cpp (the in-process GGUF engine, about 700 MB) is not a dependency; WITH_LLAMACPP=1 adds it.
# @huggingface/transformers (in-process ONNX embeddings, about 375 MB) is not either; WITH_TRANSFORMERS=1 adds it.
COPY package.json package-lock.json ./
COPY bin/package.json bin/docent.js ./bin/
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild hnswlib-node

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ingest ./ingest
# --build-arg WITH_LLAMACPP=1 installs node-llama-cpp, pinned as in the README, for LLM_PROVIDER=llamacpp;
# --build-arg WITH_TRANSFORMERS=1 installs @huggingface/transformers for EMBEDDINGS_PROVIDER=transformers. Both go
# in one npm command, as a second --no-save install would remove the first. onnxruntime-node's install script
# would download CUDA binaries; the CPU ones are in its package, so the download is skipped.
ARG WITH_LLAMACPP=0
ARG WITH_TRANSFORMERS=0
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && optional="" \
  && if [ "$WITH_LLAMACPP" = "1" ]; then optional="$optional node-llama-cpp@3.21.1"; fi \
  && if [ "$WITH_TRANSFORMERS" = "1" ]; then optional="$optional @huggingface/transformers@3.8.1"; fi \
  && if [ -n "$optional" ]; then \
       ONNXRUNTIME_NODE_INSTALL_CUDA=skip ONNXRUNTIME_NODE_INSTALL=skip \
       npm install --no-save --omit=dev --no-audit --no-fund $optional; fi

# ---- Runtime stage: Node and the built program only, run by the unprivileged "node" user (uid 1000).
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DOCENT_DOCS_DIR=/app/data/docs \
    DOCENT_INDEX_DIR=/app/data/index \
    DOCENT_STATE_DIR=/app/data/state \
    DOCENT_ACCESS_FILE=/app/config/access.yaml \
    DOCENT_OPS_PORT=9464 \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY config ./config
# The sample handbook, so that the image answers out of the box; mount your documents over /app/data/docs.
COPY data/docs ./data/docs
RUN mkdir -p /app/data/index /app/data/state && chown -R node:node /app/data
USER node

# The index generations and the local state (feedback votes) outlive the container.
VOLUME ["/app/data/index", "/app/data/state"]
# Slack's HTTP Events API (unused in Socket Mode); /healthz, /readyz and /metrics.
EXPOSE 3000 9464

# /healthz of the ops listener, with Node's fetch (the slim image has no curl). The start period covers a first
# start that indexes the documents before it serves. DOCENT_OPS_PORT=off turns the listener and this check off.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "const port = process.env.DOCENT_OPS_PORT || '9464'; if (port === 'off') process.exit(0); fetch('http://127.0.0.1:' + port + '/healthz', { signal: AbortSignal.timeout(4000) }).then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1));"]

# `docker run IMAGE` serves the configured chat platforms; `docker run IMAGE ingest` (or search, ask, feedback,
# rollback) runs one docent command and exits.
ENTRYPOINT ["node", "bin/docent.js"]
CMD ["start"]
