# Puente in one image: the Express server (dist/) serving the built React client (client/dist/).
# With DATABASE_URL unset it runs on the embedded PostgreSQL (PGlite) in /app/data; docker-compose.yml
# shows the server-database deployment.

# --- build: everything needed to compile (dev dependencies included) ---------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Lockfile first, so editing the source does not reinstall every package.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# Client with Vite → client/dist; server and shared with esbuild → dist/ (types are checked in CI).
RUN npm run build

# --- runtime: production dependencies and compiled output only ---------------------------------------
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
# ffmpeg removes the metadata of audio attachments before they are kept (server/storage/audioMetadata.ts).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
# The demo's spoken-help clips, loaded by the seed (server/db/demoSpokenHelp.ts).
COPY --from=build /app/server/db/demoClips ./server/db/demoClips
# The folder must exist and belong to `node` before VOLUME, so a fresh named volume inherits that owner.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# No curl in slim images; Node 20 has fetch. The start period covers PGlite's first start and migrations.
# Liveness, not readiness: a database outage must not get the container restarted (it recovers by itself).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# Not `npm start`: that script builds first. main.ts handles SIGTERM itself (drains, closes the database).
CMD ["node", "dist/server/main.js"]
