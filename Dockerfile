# One image for the operator and the runner (the Job sets the command). Node 24 LTS runs the TypeScript sources
# directly (type stripping), so there is no build step to drift from what the tests run.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY crds/ crds/
COPY operator/ operator/
COPY runner/ runner/
# `exhaust-runner` by hand in the image (`kubectl exec … -- exhaust-runner --help`, `--entrypoint exhaust-runner`);
# runner Jobs keep their `node … runner/main.ts` command, which carries the heap flags.
RUN ln -s /app/runner/main.ts /usr/local/bin/exhaust-runner
USER 1000:1000
ENTRYPOINT ["node"]
CMD ["operator/main.ts"]
