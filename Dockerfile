# Fallom server image: one process, SQLite under /data by default, PostgreSQL via DATABASE_URL.
# (Not built in CI: the development machines have no Docker engine.)
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.base.json ./
COPY packages/server/package.json packages/server/
COPY packages/mock-llm/package.json packages/mock-llm/
RUN npm ci --no-audit --no-fund
COPY packages/server packages/server
RUN npm run build -w @fallom/server && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4318 FALLOM_DATA_DIR=/data
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/packages/server/package.json packages/server/
COPY --from=build /app/packages/server/dist packages/server/dist
COPY --from=build /app/packages/server/vendor packages/server/vendor
VOLUME /data
EXPOSE 4318
USER node
CMD ["node", "packages/server/dist/cli.js", "serve"]
