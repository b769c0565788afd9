package io.optout.pipeline;

import io.optout.OptoutException;

/** A run that stopped on its input or output; every table was left as it was. */
public final class RunFailure extends OptoutException {
  public RunFailure(String message, Throwable cause) {
    super(message, FAILED, cause);
  }
}
