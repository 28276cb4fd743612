-- Halyard database schema, version 8: a fee charged in a third currency (BNB) keeps its value in the
-- market's quote currency at the fill's time, as the venue priced it; NULL when charged in base or
-- quote (derivable) or when no venue price was found.
ALTER TABLE fills ADD COLUMN fee_in_quote REAL;
