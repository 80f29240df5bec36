package io.meshward.cli;

/**
 * The text of one {@code -f} argument.
 *
 * @param name how errors and the server's audit trail name it: the path as typed, or {@code <stdin>}
 */
record PolicyFile(String name, String text) {}
