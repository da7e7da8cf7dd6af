#!/usr/bin/env node
// Drives the AWS Encryption SDK for JavaScript (@aws-crypto/client-node) as an interop oracle.
//
// One process serves a whole batch of cases, because every node start costs a fraction of a
// second. Usage:
//
//   node esdk-batch.js [request.json [response.json]]
//
// Without arguments the request is read from stdin and the response written to stdout.
//
// Request:  {"cases": [Case, ...]}
// Case:     {"id": "any string",
//            "op": "encrypt" | "decrypt" | "networkGuardCheck",
//            "suite": 1144 | 1400            (encrypt only: 0x0478 or 0x0578),
//            "frameLength": 4096             (encrypt only),
//            "commitmentPolicy": "REQUIRE_ENCRYPT_REQUIRE_DECRYPT" (optional, the default),
//            "maxEncryptedDataKeys": 3       (optional),
//            "context": {"k": "v"}           (encrypt only),
//            "keys": [{"namespace": "...", "name": "...", "key": base64}, ...],
//            "utf8Sorting": true             (optional, the default here; see below),
//            "input": base64                 (plaintext to encrypt or message to decrypt)}
// Response: {"results": [Result, ...]} in the order of the cases, where a Result is
//           {"id", "ok": true, "output": base64, "suite", "frameLength", "context",
//            "keys": [{"providerId", "providerInfo": base64}]}      (decrypt answers the header)
//           {"id", "ok": true, "output": base64}                    (encrypt)
//           {"id", "ok": true, "unguarded": [names]}                 (networkGuardCheck)
//           {"id", "ok": false, "error": "message"}
//
// The first key of a case is the generator; several keys make a multi-keyring whose other keys
// are children. The raw AES keyring of this SDK sorts the encryption context it authenticates
// in the wrapped data key by UTF-16 code units unless `utf8Sorting` is set, which differs from
// the other implementations for keys outside the Basic Multilingual Plane order; a case may set
// `utf8Sorting: false` to exercise that default on purpose.
//
// The oracle must never reach a network: the raw AES keyring needs none, and this script
// disables every socket and DNS entry point of node before it loads the SDK.
'use strict';

const fs = require('fs');

function refuseNetwork(name) {
  return function () {
    throw new Error(`interop oracle: network use (${name}) is not allowed`);
  };
}

const GUARDED = [];

for (const [moduleName, functions] of [
  ['net', ['connect', 'createConnection', 'createServer']],
  ['tls', ['connect', 'createServer']],
  ['dgram', ['createSocket']],
  ['http', ['request', 'get', 'createServer']],
  ['https', ['request', 'get', 'createServer']],
  ['http2', ['connect', 'createServer', 'createSecureServer']],
  ['dns', ['lookup', 'resolve', 'resolve4', 'resolve6']],
]) {
  const mod = require(moduleName);
  for (const fn of functions) {
    mod[fn] = refuseNetwork(`${moduleName}.${fn}`);
    GUARDED.push([mod, fn, `${moduleName}.${fn}`]);
  }
}
require('net').Socket.prototype.connect = refuseNetwork('net.Socket.connect');
GUARDED.push([require('net').Socket.prototype, 'connect', 'net.Socket.connect']);
for (const fn of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  require('dns').promises[fn] = refuseNetwork(`dns.promises.${fn}`);
  GUARDED.push([require('dns').promises, fn, `dns.promises.${fn}`]);
}

// Calls every guarded entry point without arguments (so that, guard or not, nothing could be
// reached) and answers the names of those that did not refuse with the guard's error.
function unguardedEntryPoints() {
  const unguarded = [];
  for (const [target, fn, name] of GUARDED) {
    try {
      target[fn].call(target);
      unguarded.push(name);
    } catch (e) {
      if (!String(e && e.message).startsWith('interop oracle: network use')) {
        unguarded.push(name);
      }
    }
  }
  return unguarded;
}

const {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  MultiKeyringNode,
} = require('@aws-crypto/client-node');

const WRAPPING_SUITES = {
  16: RawAesWrappingSuiteIdentifier.AES128_GCM_IV12_TAG16_NO_PADDING,
  24: RawAesWrappingSuiteIdentifier.AES192_GCM_IV12_TAG16_NO_PADDING,
  32: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
};

function keyringFor(c) {
  if (!Array.isArray(c.keys) || c.keys.length === 0) {
    throw new Error('case has no keys');
  }
  const utf8Sorting = c.utf8Sorting === undefined ? true : c.utf8Sorting;
  const keyrings = c.keys.map((k) => {
    const material = Buffer.from(k.key, 'base64');
    const wrappingSuite = WRAPPING_SUITES[material.length];
    if (wrappingSuite === undefined) {
      throw new Error(`wrapping key of ${material.length} bytes is not 16, 24 or 32`);
    }
    return new RawAesKeyringNode({
      keyNamespace: k.namespace,
      keyName: k.name,
      unencryptedMasterKey: new Uint8Array(material),
      wrappingSuite,
      utf8Sorting,
    });
  });
  if (keyrings.length === 1) {
    return keyrings[0];
  }
  return new MultiKeyringNode({ generator: keyrings[0], children: keyrings.slice(1) });
}

function clientFor(c) {
  const policy = c.commitmentPolicy || 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
  if (CommitmentPolicy[policy] === undefined) {
    throw new Error(`unknown commitment policy ${policy}`);
  }
  const options = { commitmentPolicy: CommitmentPolicy[policy] };
  if (c.maxEncryptedDataKeys !== undefined) {
    options.maxEncryptedDataKeys = c.maxEncryptedDataKeys;
  }
  return buildClient(options);
}

async function runCase(c) {
  if (c.op === 'networkGuardCheck') {
    return { id: c.id, ok: true, unguarded: unguardedEntryPoints() };
  }
  const client = clientFor(c);
  const keyring = keyringFor(c);
  const input = Buffer.from(c.input || '', 'base64');
  if (c.op === 'encrypt') {
    const { result } = await client.encrypt(keyring, input, {
      suiteId: c.suite,
      frameLength: c.frameLength,
      encryptionContext: c.context || {},
    });
    return { id: c.id, ok: true, output: Buffer.from(result).toString('base64') };
  }
  if (c.op === 'decrypt') {
    const { plaintext, messageHeader } = await client.decrypt(keyring, input);
    return {
      id: c.id,
      ok: true,
      output: Buffer.from(plaintext).toString('base64'),
      suite: messageHeader.suiteId,
      frameLength: messageHeader.frameLength,
      context: messageHeader.encryptionContext,
      keys: messageHeader.encryptedDataKeys.map((edk) => ({
        providerId: edk.providerId,
        providerInfo: Buffer.from(edk.rawInfo || Buffer.from(edk.providerInfo, 'utf8')).toString(
          'base64',
        ),
      })),
    };
  }
  throw new Error(`unknown op ${c.op}`);
}

async function main() {
  const [requestPath, responsePath] = process.argv.slice(2);
  const request = JSON.parse(fs.readFileSync(requestPath || 0, 'utf8'));
  const results = [];
  for (const c of request.cases) {
    try {
      results.push(await runCase(c));
    } catch (e) {
      results.push({ id: c.id, ok: false, error: String((e && e.message) || e) });
    }
  }
  const response = JSON.stringify({ results });
  if (responsePath) {
    fs.writeFileSync(responsePath, response);
  } else {
    process.stdout.write(response);
  }
}

main().catch((e) => {
  process.stderr.write(`interop oracle failed: ${(e && e.stack) || e}\n`);
  process.exitCode = 1;
});
