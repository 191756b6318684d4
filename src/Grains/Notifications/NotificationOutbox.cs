namespace Backtrace.Grains.Notifications;

/// <summary>The outbox's rules, applied to a <see cref="NotificationState"/> by the grain (and again on a re-read state
/// after a write conflict, so each is a pure decision on the state it is given).</summary>
internal static class NotificationOutbox
{
    /// <summary>Event ids remembered to ignore an event raised again; replays come within seconds of the original.</summary>
    public const int RecentEventsKept = 1000;

    /// <summary>Queues <paramref name="notification"/> for every webhook, due at <paramref name="now"/>, unless it was
    /// queued before; drops the oldest entries beyond <paramref name="maxEntries"/>.</summary>
    /// <returns>How many entries were dropped.</returns>
    public static int Enqueue(NotificationState state, NotificationEvent notification, DateTimeOffset now, int maxEntries)
    {
        if (state.RecentEvents.Contains(notification.Id))
        {
            return 0;
        }

        state.RecentEvents.Add(notification.Id);
        if (state.RecentEvents.Count > RecentEventsKept)
        {
            state.RecentEvents.RemoveRange(0, state.RecentEvents.Count - RecentEventsKept);
        }

        state.Outbox.AddRange(state.Webhooks.Select(w => new OutboxEntry { Event = notification, WebhookId = w.Info.Id, NextAttemptAt = now }));
        var over = Math.Max(0, state.Outbox.Count - maxEntries);
        state.Outbox.RemoveRange(0, over);
        state.Dropped += over;
        return over;
    }

    /// <summary>Removes an acknowledged entry. The receiver is up again, so its entries that wait out an earlier
    /// failure become due at once.</summary>
    public static void Acknowledge(NotificationState state, string eventId, string webhookId, DateTimeOffset now)
    {
        state.Outbox.RemoveAll(e => e.Is(eventId, webhookId));
        foreach (var waiting in state.Outbox.Where(e => e.WebhookId == webhookId && e.NextAttemptAt > now))
        {
            waiting.NextAttemptAt = now;
        }
    }

    /// <summary>
    /// Records a failed attempt of one entry and postpones it to <paramref name="retryAt"/>. A receiver that failed now
    /// would fail the rest of its due entries too, so they wait for the same time instead of failing one by one.
    /// </summary>
    public static void Postpone(NotificationState state, string eventId, string webhookId, int attempts, DateTimeOffset retryAt)
    {
        foreach (var other in state.Outbox.Where(e => e.WebhookId == webhookId && e.NextAttemptAt < retryAt))
        {
            other.NextAttemptAt = retryAt;
        }

        if (state.Outbox.Find(e => e.Is(eventId, webhookId)) is { } failed)
        {
            failed.Attempts = attempts;
        }
    }
}
