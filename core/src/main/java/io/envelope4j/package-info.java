/**
 * The envelope4j client: {@link io.envelope4j.Envelope} encrypts and decrypts messages in the AWS
 * Encryption SDK message format, one-shot or as streams, from {@link io.envelope4j.EncryptRequest}s
 * and {@link io.envelope4j.DecryptRequest}s.
 *
 * <p>Messages are written in format version 2 with the committing suites 0x0478 and 0x0578 (the
 * default); {@link io.envelope4j.AlgorithmSuite} lists all eleven ESDK suites. Failures form a
 * small family under {@link io.envelope4j.EnvelopeException}; streams report them as {@code
 * IOException}s whose cause is the envelope exception. A runnable example lives in the examples
 * module ({@code io.envelope4j.examples.StreamFileExample}).
 */
package io.envelope4j;
