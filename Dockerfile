# syntax=docker/dockerfile:1
# Flotilla: one image for every process. The default command runs the all-in-one standalone
# server (SQLite, in-process bus, local folder); docker-compose.yml and deploy/k8s run the
# ten services from the same image with `node dist/apps/<service>/src/main.js`.

# ---- build: install everything, compile with swc, then drop dev dependencies ----------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain for native modules (better-sqlite3) when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production node_modules + compiled dist only, non-root -------------------------
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
# Where local state lives (SQLite + objects in standalone; objects when STORAGE_BACKEND=folder).
# Mount a volume here for standalone: docker run -v flotilla-data:/var/lib/flotilla -p 8080:8080 flotilla
ENV FLOTILLA_DATA_DIR=/var/lib/flotilla
RUN mkdir -p /var/lib/flotilla && chown node:node /var/lib/flotilla
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8080
# Plain HTTP on $PORT (8080 standalone). With FLOTILLA_TLS_CERT/KEY set, probe from outside instead.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/standalone/src/main.js"]
