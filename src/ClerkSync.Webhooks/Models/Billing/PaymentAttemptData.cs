using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>A billing payment attempt (<c>paymentAttempt.*</c>).</summary>
public sealed record PaymentAttemptData : ClerkModel
{
    /// <summary>Gets the payment attempt id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the instance id.</summary>
    [JsonPropertyName("instance_id")]
    public string? InstanceId { get; init; }

    /// <summary>Gets the payment id.</summary>
    [JsonPropertyName("payment_id")]
    public string? PaymentId { get; init; }

    /// <summary>Gets the invoice id (deprecated: use StatementId).</summary>
    [JsonPropertyName("invoice_id")]
    public string? InvoiceId { get; init; }

    /// <summary>Gets the statement id.</summary>
    [JsonPropertyName("statement_id")]
    public string? StatementId { get; init; }

    /// <summary>Gets the payment gateway's id.</summary>
    [JsonPropertyName("gateway_external_id")]
    public string? GatewayExternalId { get; init; }

    /// <summary>Gets the status.</summary>
    [JsonPropertyName("status")]
    public PaymentAttemptStatus? Status { get; init; }

    /// <summary>Gets when it was created, in Unix milliseconds.</summary>
    [JsonPropertyName("created_at")]
    public long CreatedAt { get; init; }

    /// <summary>Gets when it was last updated, in Unix milliseconds (the ordering key).</summary>
    [JsonPropertyName("updated_at")]
    public long UpdatedAt { get; init; }

    /// <summary>Gets when it was paid, in Unix milliseconds.</summary>
    [JsonPropertyName("paid_at")]
    public long? PaidAt { get; init; }

    /// <summary>Gets when it failed, in Unix milliseconds.</summary>
    [JsonPropertyName("failed_at")]
    public long? FailedAt { get; init; }

    /// <summary>Gets why it failed.</summary>
    [JsonPropertyName("failed_reason")]
    public BillingPaymentFailedReason? FailedReason { get; init; }

    /// <summary>Gets the date billed for, in Unix milliseconds.</summary>
    [JsonPropertyName("billing_date")]
    public long BillingDate { get; init; }

    /// <summary>Gets the kind of charge.</summary>
    [JsonPropertyName("charge_type")]
    public BillingChargeType? ChargeType { get; init; }

    /// <summary>Gets the payee.</summary>
    [JsonPropertyName("payee")]
    public BillingPayee? Payee { get; init; }

    /// <summary>Gets the payer.</summary>
    [JsonPropertyName("payer")]
    public BillingPayer? Payer { get; init; }

    /// <summary>Gets the totals.</summary>
    [JsonPropertyName("totals")]
    public BillingTotals? Totals { get; init; }

    /// <summary>Gets the payment method used.</summary>
    [JsonPropertyName("payment_source")]
    public BillingPaymentSource? PaymentSource { get; init; }

    /// <summary>Gets the subscription items paid for.</summary>
    [JsonPropertyName("subscription_items")]
    public IReadOnlyList<BillingSubscriptionItem>? SubscriptionItems { get; init; }
}
