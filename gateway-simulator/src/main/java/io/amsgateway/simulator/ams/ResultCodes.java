package io.amsgateway.simulator.ams;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amsgateway.core.error.ResultStatus;
import io.amsgateway.core.protocol.AlipayResult;

/** The AMS result codes the simulator answers with, and their messages as Alipay writes them. */
public final class ResultCodes {
    public static final AlipayResult SUCCESS = new AlipayResult("SUCCESS", ResultStatus.S, "success");
    public static final AlipayResult PARAM_ILLEGAL =
            f("PARAM_ILLEGAL", "Illegal parameters. For example, non-numeric input, invalid date.");
    public static final AlipayResult REPEAT_REQ_INCONSISTENT =
            f("REPEAT_REQ_INCONSISTENT", "Repeated requests are inconsistent.");
    public static final AlipayResult ORDER_NOT_EXIST = f("ORDER_NOT_EXIST", "The order does not exist.");
    public static final AlipayResult ORDER_STATUS_INVALID = f("ORDER_STATUS_INVALID", "The order status is invalid.");
    public static final AlipayResult ORDER_IS_CLOSED = f("ORDER_IS_CLOSED", "The order is closed.");
    public static final AlipayResult REFUND_AMOUNT_EXCEED =
            f("REFUND_AMOUNT_EXCEED", "The total refund amount has exceeded the payment amount.");
    public static final AlipayResult REFUND_NOT_EXIST = f("REFUND_NOT_EXIST", "The refund does not exist.");
    public static final AlipayResult CURRENCY_NOT_SUPPORT = f("CURRENCY_NOT_SUPPORT", "The currency is not supported.");
    public static final AlipayResult USER_BALANCE_NOT_ENOUGH =
            f("USER_BALANCE_NOT_ENOUGH", "The user balance is not enough for this payment.");
    public static final AlipayResult NO_INTERFACE_DEF = f("NO_INTERFACE_DEF", "API is not defined.");
    public static final AlipayResult PAYMENT_IN_PROCESS =
            new AlipayResult("PAYMENT_IN_PROCESS", ResultStatus.U, "payment in process");
    public static final AlipayResult UNKNOWN_EXCEPTION = new AlipayResult(
            "UNKNOWN_EXCEPTION", ResultStatus.U, "An API calling is failed, which is caused by unknown reasons.");

    private ResultCodes() {}

    private static AlipayResult f(String code, String message) {
        return new AlipayResult(code, ResultStatus.F, message);
    }

    /** A response object {@code {"result":{...}}} to which operation fields are appended. */
    public static ObjectNode body(AlipayResult result) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode r = root.putObject("result");
        r.put("resultCode", result.resultCode());
        r.put("resultStatus", result.resultStatus().name());
        r.put("resultMessage", result.resultMessage());
        return root;
    }
}
