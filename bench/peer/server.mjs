// The bench's peer: lonet's Neo4j graph served by @neo4j/graphql over graphql-yoga, all from the
// npm registry; bench/run.py --peer starts it against the run's Neo4j and times it beside lonet.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=... PEER_PORT=4000 node server.mjs
//
// It prints one line "peer listening on http://127.0.0.1:PORT/graphql" once the schema is built.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
};

const driver = neo4j.driver(env("NEO4J_URI"), neo4j.auth.basic(env("NEO4J_USER", "neo4j"), env("NEO4J_PASSWORD")));
const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");
const schema = await new Neo4jGraphQL({ typeDefs, driver, features: { filters: { String: { GT: true } } } }).getSchema();

// Like lonet's server under the bench: no GraphiQL page, no per-request log.
const yoga = createYoga({ schema, graphiql: false, logging: false, landingPage: false });
const port = Number(env("PEER_PORT", "4000"));
const server = createServer(yoga);
server.keepAliveTimeout = 5000; // as uvicorn's

const stop = async () => {
  server.close();
  await driver.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

server.listen(port, "127.0.0.1", () => {
  console.log(`peer listening on http://127.0.0.1:${port}/graphql`);
});
