#!/usr/bin/env node
// Drives the AWS Encryption SDK for JavaScript (@aws-crypto/client-node) with its AWS KMS
// keyrings against a kms-local server, for envelope4j's KMS interop tests.
//
//   NODE_PATH=<dir with node_modules> node kms-esdk.js request.json response.json
//
// Request:  {"endpoint": "http://127.0.0.1:PORT", "accessKeyId": "...", "secretAccessKey": "...",
//            "cases": [Case, ...]}
// Case:     {"id", "op": "encrypt" | "decrypt",
//            "keyring": {"type": "kms" | "mrk" | "mrkDiscovery", "keyId": "arn...",
//                        "region": "eu-west-1", "accounts": ["111122223333"]},
//            "context": {"k": "v"}, "input": base64}
// Response: {"results": [{"id", "ok": true, "output": base64,
//                         "keys": [{"providerId", "providerInfo"}]} |
//                        {"id", "ok": false, "error": "message"}]}
//
// The only network this script may reach is the kms-local endpoint: before the SDK loads, every
// socket connect to a host other than 127.0.0.1 or localhost throws.
'use strict';

const fs = require('fs');
const net = require('net');

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { host: args[1] };
  const host = options.host === undefined ? 'localhost' : String(options.host);
  if (options.path === undefined && host !== '127.0.0.1' && host !== 'localhost') {
    throw new Error('kms-esdk.js refuses to connect to ' + host + '; only 127.0.0.1 is allowed');
  }
  return originalConnect.apply(this, args);
};
process.env.AWS_EC2_METADATA_DISABLED = 'true';

const {
  buildClient,
  CommitmentPolicy,
  KmsKeyringNode,
  AwsKmsMrkAwareSymmetricKeyringNode,
  AwsKmsMrkAwareSymmetricDiscoveryKeyringNode,
} = require('@aws-crypto/client-node');
const { KMS } = require('@aws-sdk/client-kms');

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

async function main() {
  const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const clients = new Map();
  const clientFor = (region) => {
    if (!clients.has(region)) {
      clients.set(
        region,
        new KMS({
          region,
          endpoint: request.endpoint,
          credentials: {
            accessKeyId: request.accessKeyId,
            secretAccessKey: request.secretAccessKey,
          },
        }),
      );
    }
    return clients.get(region);
  };

  const results = [];
  for (const c of request.cases) {
    try {
      results.push(await runOne(c, clientFor));
    } catch (e) {
      results.push({ id: c.id, ok: false, error: String((e && e.message) || e) });
    }
  }
  fs.writeFileSync(process.argv[3], JSON.stringify({ results }));
  for (const client of clients.values()) {
    client.destroy();
  }
}

function keyring(spec, clientFor) {
  const regionOf = (arn) => arn.split(':')[3];
  switch (spec.type) {
    case 'kms':
      return new KmsKeyringNode({
        clientProvider: clientFor,
        generatorKeyId: spec.keyId,
      });
    case 'mrk':
      return new AwsKmsMrkAwareSymmetricKeyringNode({
        client: clientFor(regionOf(spec.keyId)),
        keyId: spec.keyId,
      });
    case 'mrkDiscovery':
      return new AwsKmsMrkAwareSymmetricDiscoveryKeyringNode({
        client: clientFor(spec.region),
        region: spec.region,
        discoveryFilter: { partition: 'aws', accountIDs: spec.accounts },
      });
    default:
      throw new Error('unknown keyring type ' + spec.type);
  }
}

async function runOne(c, clientFor) {
  const k = keyring(c.keyring, clientFor);
  const input = Buffer.from(c.input, 'base64');
  if (c.op === 'encrypt') {
    const { result } = await encrypt(k, input, { encryptionContext: c.context });
    return { id: c.id, ok: true, output: Buffer.from(result).toString('base64') };
  }
  const { plaintext, messageHeader } = await decrypt(k, input);
  for (const [key, value] of Object.entries(c.context || {})) {
    if (messageHeader.encryptionContext[key] !== value) {
      throw new Error('encryption context entry ' + key + ' is missing or differs');
    }
  }
  return {
    id: c.id,
    ok: true,
    output: Buffer.from(plaintext).toString('base64'),
    keys: messageHeader.encryptedDataKeys.map((edk) => ({
      providerId: edk.providerId,
      providerInfo: edk.providerInfo,
    })),
  };
}

main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e) + '\n');
  process.exit(1);
});
