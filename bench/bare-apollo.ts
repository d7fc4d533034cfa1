/**
 * The ceiling of the request benchmark (bench/requests.ts): a bare Apollo
 * Server on Express 5, the same versions as the API, answering `{ hello }`.
 * Started by the bench in a process of its own on PORT.
 */
import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';

const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
await server.start();
const app = express();
app.use('/graphql', express.json(), expressMiddleware(server));
http.createServer(app).listen(Number(process.env.PORT ?? 4000), '127.0.0.1');
