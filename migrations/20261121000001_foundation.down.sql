DROP FUNCTION platform_touch_row();
