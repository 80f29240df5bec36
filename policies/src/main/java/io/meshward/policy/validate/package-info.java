/**
 * Errors that name the file, document, field and line of a problem, and the checks that need more than one document
 * at a time (unique names, selector conflicts) or more than one rule of a policy (rule conflicts).
 */
package io.meshward.policy.validate;
