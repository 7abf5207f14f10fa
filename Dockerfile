# The uam image: one image, the process is chosen by the command (api | worker | migrate). It runs the
# compiled build (dist/: the bundled CLI and processes, and the prebuilt Temporal workflow bundle).

# Build stage: every dependency, then `npm run build`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: production dependencies, the build, and the files it reads at run time (ledger SQL).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
COPY bin ./bin
COPY db/sql ./db/sql
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "bin/uam.js"]
