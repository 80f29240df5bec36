package io.meshward.waf.crstest;

/**
 * One stage of a test: a request and what must follow from it.
 *
 * @param index 1-based position within its test
 * @param line the line of the stage in its file
 */
public record FtwStage(int index, StageInput input, StageOutput output, int line) {}
