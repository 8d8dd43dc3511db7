"""Document layouts beyond the letter: each module has ``build(document, body, context, recipient,
signers, language, options, phrases)`` that fills ``document.blocks`` and its page furniture."""
