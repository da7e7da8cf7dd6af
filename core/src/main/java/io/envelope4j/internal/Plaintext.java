package io.envelope4j.internal;

import io.envelope4j.MessageInfo;

/** A one-shot decryption's output: verified plaintext, header facts, bytes consumed. */
public record Plaintext(byte[] plaintext, MessageInfo info, long messageLengthBytes) {}
