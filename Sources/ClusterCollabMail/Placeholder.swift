// SMTP client and messages: see the target's files.
