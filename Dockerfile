# One image for the API and the worker (the command chooses). Build: docker build -t consilium .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY libs/pathway/package.json libs/pathway/
COPY libs/audit/package.json libs/audit/
COPY libs/db/package.json libs/db/
COPY libs/jobs/package.json libs/jobs/
COPY libs/config/package.json libs/config/
COPY apps/web/package.json apps/web/
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
# Default: the API. The worker service overrides the command.
CMD ["node", "dist/apps/api/src/main.js"]
