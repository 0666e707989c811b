# docent: a first, conventional multi-stage image (the operations issue hardens it).
# Build stage: the toolchain hnswlib-node needs (python3, make, g++), all dependencies, the TypeScript build.
FROM node:20-bookworm AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY ingest ./ingest
# node-llama-cpp (the in-process GGUF engine) is optional and large; build with --build-arg WITH_LLAMACPP=1 to keep it.
ARG WITH_LLAMACPP=0
RUN if [ "$WITH_LLAMACPP" = "1" ]; then npm ci --no-audit --no-fund; else npm ci --no-audit --no-fund --omit=optional; fi \
  && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: Node and the built program only, as an unprivileged user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DOCENT_DOCS_DIR=/app/data/docs \
    DOCENT_INDEX_DIR=/app/data/index
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY data/docs ./data/docs
RUN mkdir -p /app/data/index && chown -R node:node /app/data
USER node
VOLUME ["/app/data/index"]
ENTRYPOINT ["node", "bin/docent.js"]
CMD ["start"]
