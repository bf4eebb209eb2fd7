"""CaseLens NLP: redaction, segmentation, embedding, assertion context, risk and outcome scoring."""
