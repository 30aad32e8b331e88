package org.oodmonitor.inference.preprocess;

import org.oodmonitor.schemas.ErrorCode;

/** An event that a model cannot take, with the dead-letter code saying why. */
public final class InputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public InputException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
