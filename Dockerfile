# The uam image: one image, the process is chosen by the command (api | worker | migrate).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund
COPY . .
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "bin/uam.js"]
