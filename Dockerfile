# syntax=docker/dockerfile:1
# One image for the API, the Temporal worker and the migration script; the
# compose file picks the process with `command`.
#
# Debian (glibc), not Alpine: @temporalio/core-bridge ships a prebuilt native
# module for linux-*-gnu only. Node 22 satisfies engines (>=20.19, require(esm)).

FROM node:22-bookworm-slim AS build
WORKDIR /app

# Manifests first so the dependency layer is reused until they change.
COPY package.json package-lock.json ./
# Full install (dev deps included: tsc, tsc-alias). NODE_ENV is deliberately
# unset here, since NODE_ENV=production would make npm skip dev deps.
RUN --mount=type=cache,target=/root/.npm npm ci

# COPY flattens directories when several are given at once, so one per line.
COPY apps ./apps
COPY libs ./libs
COPY workflows ./workflows
COPY scripts ./scripts
# nest-cli.json is not needed by the tsc build; the glob keeps the build
# working whether or not the file exists.
COPY tsconfig*.json nest-cli.jso[n] ./

# Produces dist/, including the prebuilt dist/workflow-bundle.js, so the worker
# never has to run webpack at startup.
RUN npm run build \
  && npm prune --omit=dev


FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

# Left owned by root: the app only needs to read its code, never write it.
# package.json is needed at runtime: the worker locates dist/workflow-bundle.js
# by walking up to the nearest package.json (projectRoot in libs/temporal).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The synthetic screening list, SCREENING_LISTS' default (mount real lists and point it at them).
COPY data/screening ./data/screening
# The one place the app writes: uploaded documents (DOCUMENT_STORE=local), a volume in compose. Made
# here, owned by node, so a fresh named volume mounted on it starts writable by the app.
RUN mkdir -p /app/.data/documents && chown -R node:node /app/.data

# Unprivileged user that ships with the official node image.
USER node

EXPOSE 3000
# tsc mirrors the source tree (rootDir "."), hence the src/ segment.
CMD ["node", "dist/apps/api/src/main.js"]
