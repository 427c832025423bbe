"""Messaging channels: SMS (a Twilio-compatible provider) and Telegram (Bot API).

A channel identity (phone number, Telegram chat id) maps to a citizen session (``identity``); an
incoming message goes through the same conversation service as the web (``inbound``), so it is
recorded before anything else can fail and the same rate limits apply. What the citizen should
read (the assistant's answers, the counsellor's replies, queue notices, crisis numbers) is sent by
the outbound dispatcher (``outbound``): every new citizen-visible event of a channel session that
did not come from the citizen, once, in order, whichever gateway process delivers it. Long texts
are split to the channel's limits (``splitting``), sources become short links (``shortlinks``),
buttons become numbered choices (SMS) or inline keyboards (Telegram) (``rendering``).
"""
