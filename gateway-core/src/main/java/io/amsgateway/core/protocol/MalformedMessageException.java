package io.amsgateway.core.protocol;

/**
 * A header or message part does not follow the AMS grammar. The message names what is wrong and
 * where (which header, which parameter) but never echoes the offending value, which may be a
 * signature or a key.
 *
 * <p>Stackless: thrown for bad input on the hot path, not for bugs.
 */
public final class MalformedMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
