package io.amsgateway.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * {@code payments/pay} request bodies of a fixed size, each with its own {@code
 * paymentRequestId}: a JSON template built once, copied per request with the sequence number
 * written into the id. Every body has exactly {@link #size()} bytes.
 *
 * <p>The body has no {@code paymentNotifyUrl}: the simulator would otherwise send (and sign) a
 * notification per payment to a host outside this machine. Thread-safe (immutable).
 */
final class PayBodies {
    private static final String ID_PREFIX = "PAY_LOAD_";
    private static final int ID_DIGITS = 16;

    private final byte[] template;
    private final int idDigitsAt;

    /**
     * @param size the exact body size in bytes (at least about 700)
     * @param runTag a few characters that make the ids of this run unique
     */
    PayBodies(int size, String runTag) {
        String id = ID_PREFIX + runTag + "_" + "0".repeat(ID_DIGITS);
        String head = "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentRequestId\":\"" + id + "\","
                + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"4200\"},"
                + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},"
                + "\"paymentRedirectUrl\":\"https://shop.example.com/orders/0001/return\","
                + "\"settlementStrategy\":{\"settlementCurrency\":\"USD\"},"
                + "\"env\":{\"terminalType\":\"WEB\",\"clientIp\":\"203.0.113.7\"},"
                + "\"order\":{\"referenceOrderId\":\"ORDER_0001\","
                + "\"orderAmount\":{\"currency\":\"USD\",\"value\":\"4200\"},"
                + "\"merchant\":{\"referenceMerchantId\":\"M0001\",\"merchantMCC\":\"5411\"},\"goods\":[";
        String tailStart = "],\"orderDescription\":\"";
        String tailEnd = "\"}}";
        StringBuilder json = new StringBuilder(size).append(head);
        for (int i = 0; ; i++) {
            String item = (i == 0 ? "" : ",") + "{\"referenceGoodsId\":\"GOODS_" + i
                    + "\",\"goodsName\":\"Item number " + i + "\",\"goodsCategory\":\"grocery/fresh\","
                    + "\"goodsUnitAmount\":{\"currency\":\"USD\",\"value\":\"" + (100 + i % 900) + "\"},"
                    + "\"goodsQuantity\":\"1\"}";
            if (json.length() + item.length() + tailStart.length() + tailEnd.length() > size) {
                break;
            }
            json.append(item);
        }
        if (json.length() + tailStart.length() + tailEnd.length() > size) {
            throw new IllegalArgumentException("body size " + size + " is too small for a pay request");
        }
        json.append(tailStart);
        String filler = "Fresh produce, delivered. ";
        while (json.length() + tailEnd.length() < size) {
            json.append(filler.charAt(json.length() % filler.length()));
        }
        json.append(tailEnd);
        this.template = json.toString().getBytes(StandardCharsets.US_ASCII);
        this.idDigitsAt = json.indexOf(id) + id.length() - ID_DIGITS;
        if (template.length != size) {
            throw new IllegalStateException("body is " + template.length + " bytes, wanted " + size);
        }
    }

    int size() {
        return template.length;
    }

    /** A fresh body whose {@code paymentRequestId} ends with {@code seq} in decimal, zero-padded. */
    byte[] body(long seq) {
        byte[] b = template.clone();
        long v = seq;
        for (int i = idDigitsAt + ID_DIGITS - 1; i >= idDigitsAt; i--) {
            b[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return b;
    }
}
